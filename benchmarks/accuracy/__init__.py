"""Accuracy of the image engines: ``python -m benchmarks.accuracy [--quick] [--sheet FOLDER]``.

Speed is measured by ``python -m benchmarks``; this package measures whether the results are
right. It runs every picture of ``../shared/testdata/expected.tsv`` through the function the
CLI uses (:func:`wizard.imaging.process.process_file`), compares the decision with what a
careful help-desk clerk expects, and checks that a refusal names the right reason. Synthetic
suites with ground truth made in code (signatures, portraits on busy backgrounds, ID cards on
tables) give numbers where no real picture has a known answer. ``--sheet`` writes one HTML page
of every source, result and finding for a person's review, kept in ``benchmarks/review.tsv``.
It reports and never gates.
"""
