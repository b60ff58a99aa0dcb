"""The Qt window of amzdesk (the only package that imports Qt)."""
