"""The v1.7.0 release notes as knowledge: parsed, generated into YAML, indexed and answered."""
