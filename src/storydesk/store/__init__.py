"""storydesk.store"""
