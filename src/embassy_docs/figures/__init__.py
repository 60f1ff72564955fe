"""The book's figures, drawn from data when the book is built: a locator map from an
installed geographic dataset, and a timeline from the translated timeline table."""
