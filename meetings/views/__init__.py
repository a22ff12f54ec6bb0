"""Pages of the review cycle (DESIGN §6): parse, call a selector or a service, render.

Every signed-in user reads; reviewers and programme admins run the meetings; an officer updates
the actions of their own secretariat. The services check all of it again, so a forged request
gets the same refusal as the page.
"""
