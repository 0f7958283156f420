"""Assessment: the red-flag screen, questionnaires (instruments), pain profile and self-tests.

Plain functions over plain data: answers in, typed results out. The facts they apply
(questions, tiers, items, cut-offs, norms, sources) live in :mod:`backstride.knowledge`.
Nothing here diagnoses; results say what *may* contribute and when to see a clinician.
"""
