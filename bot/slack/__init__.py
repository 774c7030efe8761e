"""The Slack shell: Bolt app, Block Kit rendering, web server, Socket Mode and local console."""
