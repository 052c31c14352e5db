"""Writes for AI content. Split by area: costs (price, calls, budget), cards, images, replies,
approvals, jobs. Views, API views and tasks call these; nothing else writes content rows."""
