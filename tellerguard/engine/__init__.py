"""The YAML rule engine: safe loading, pack schema, expression compiler, evaluation, self-tests.

No Qt and no SQL here. ``load_pack`` turns a folder into a :class:`RulePack`; ``assess`` turns a
case into an :class:`~tellerguard.domain.assessment.Assessment`.
"""
