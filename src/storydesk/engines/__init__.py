"""storydesk.engines"""
