"""k17: answers questions about the Kubernetes 1.7 release in Slack and posts event reminders."""

__version__ = "0.1.0"
