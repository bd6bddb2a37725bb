"""The rendered trial page text (the seed format): sections, facts and entities read off the page."""
