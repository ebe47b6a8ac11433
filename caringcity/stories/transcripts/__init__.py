"""Transcripts: reading the files people bring, writing WebVTT and SRT, and speech to text on this machine."""
