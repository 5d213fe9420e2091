"""The bargaining model: scenarios, forecasting models, proposal scoring and package search.

Forecasting models (each documented in its module and in docs/model.md):
:mod:`compromise`, :mod:`weighted_median`, :mod:`nash`, :mod:`expected_utility`.
Validation against published data lives in :mod:`validation`.
"""
