"""storydesk.enrich"""
