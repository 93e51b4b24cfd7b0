"""The member directory: importing Parliament's member data and finding members in it.

`parlparse` and `members_api` read the two public formats into `Imported` records,
`store` merges them into the workspace's `members/<house>.yaml` files, and `find`
is the forgiving lookup the CLI and the TUI's distribution pane share.
"""
