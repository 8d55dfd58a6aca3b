"""storydesk.stories"""
