"""storydesk.ingest"""
