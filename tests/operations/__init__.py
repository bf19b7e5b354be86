"""Tests of the contact operations answered beside SearchContacts, one file per operation or
family."""
