"""The panes of the compose screen; each shows data it is given and posts what the user asks."""
