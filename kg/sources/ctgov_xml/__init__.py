"""The legacy per-study ``<clinical_study>`` XML (AllPublicXML), translated to the API v2 codes."""
