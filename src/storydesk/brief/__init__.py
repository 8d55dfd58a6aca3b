"""storydesk.brief"""
