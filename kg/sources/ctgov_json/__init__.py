"""ClinicalTrials.gov API v2 JSON: every layout the registry hands out (``reader.py``), read field by field."""
