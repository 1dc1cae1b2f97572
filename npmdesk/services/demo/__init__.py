"""The demonstration case file: its fictitious visit, texts and signatures."""
