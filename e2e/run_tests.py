#!/usr/bin/env python3
"""Run the e2e unittest modules and end with one summary line: `N passed, M failed[, K skipped]`.

A test counts once: failed if it or any of its subtests failed or errored (errors in setUpModule/setUpClass count
as one failure each), skipped if skipped, passed otherwise.
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


class CountingResult(unittest.TextTestResult):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.failed_ids = set()
        self.skipped_ids = set()
        self.seen_ids = set()

    def startTest(self, test):
        self.seen_ids.add(test.id())
        super().startTest(test)

    def addFailure(self, test, err):
        self.failed_ids.add(test.id())
        super().addFailure(test, err)

    def addError(self, test, err):
        self.failed_ids.add(test.id())  # includes _ErrorHolder for setUpModule/setUpClass
        super().addError(test, err)

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self.failed_ids.add(test.id())
        super().addSubTest(test, subtest, err)

    def addSkip(self, test, reason):
        self.skipped_ids.add(test.id())
        super().addSkip(test, reason)

    def addUnexpectedSuccess(self, test):
        self.failed_ids.add(test.id())
        super().addUnexpectedSuccess(test)


def main(argv):
    names = argv or ["test_pop3_dovecot"]
    suite = unittest.defaultTestLoader.loadTestsFromNames(names)
    runner = unittest.TextTestRunner(resultclass=CountingResult, verbosity=2, stream=sys.stdout)
    result = runner.run(suite)
    failed = len(result.failed_ids)
    skipped = len(result.skipped_ids - result.failed_ids)
    passed = len(result.seen_ids - result.failed_ids - result.skipped_ids)
    line = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
    sys.stdout.flush()
    print(line, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
