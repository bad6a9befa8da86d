"""The petition packet: which documents a submission gets and what each one says
(documents.py, the field maps lawyers review), the court forms as versioned data
(court_forms.py), and rendering their HTML to PDF with WeasyPrint (pdf.py)."""
