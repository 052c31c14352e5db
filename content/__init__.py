"""AI content: product cards, card images, SEO keywords and review replies.

The design card lists partners/marketplaces/healing/remote/onboarding as the top-level apps.
AI content is its own app because three areas share it: the autopilot (cards and images for new
listings), onboarding (first cards for an imported catalogue) and reviews (reply drafts). Keeping
providers, rules, costs and budgets in one place means one price table, one budget and one
approval queue per partner, whichever area asked for the text.
"""
