"""storydesk.web"""
