"""Uprząż testowa notatników kursu: lint standardu, wykonanie, kontrola ćwiczeń."""
