#!/usr/bin/env python3
"""Run the e2e unittest modules and end with one summary line: `N passed, M failed[, K skipped]`.

A test counts once: failed if it or any of its subtests failed or errored (errors in setUpModule/setUpClass count
as one failure each), skipped if skipped, passed otherwise.
"""
import os
import signal
import sys
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


class CountingResult(unittest.TextTestResult):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.failed_ids = set()
        self.skipped_ids = set()
        self.seen_ids = set()

    current = None

    def startTest(self, test):
        self.seen_ids.add(test.id())
        self.current = test.id()
        super().startTest(test)

    def stopTest(self, test):
        self.current = None
        super().stopTest(test)

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


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv):
    names = argv or ["test_pop3_dovecot"]
    suite = unittest.defaultTestLoader.loadTestsFromNames(names)
    runner = unittest.TextTestRunner(resultclass=CountingResult, verbosity=2, stream=sys.stdout)
    signal.signal(signal.SIGTERM, _interrupt)
    # outer bound for the whole run: the same path as an external TERM (cleanup, then the summary)
    watchdog = threading.Timer(float(os.environ.get("MAMORI_E2E_TIMEOUT", "540")),
                               lambda: os.kill(os.getpid(), signal.SIGTERM))
    watchdog.daemon = True
    watchdog.start()
    result = runner._makeResult()
    try:
        unittest.registerResult(result)
        result.startTestRun()
        suite(result)
        result.stopTestRun()
        result.printErrors()
        print(f"\nRan {result.testsRun} tests")
    except KeyboardInterrupt:
        result.failed_ids.add(result.current or "interrupted")
        print("\nrun_tests: interrupted; stopping Mamori and Dovecot", flush=True)
        unittest.case.doModuleCleanups()  # the suite registered its tearDownModule as a module cleanup
    failed = len(result.failed_ids)
    skipped = len(result.skipped_ids - result.failed_ids)
    passed = len(result.seen_ids - result.failed_ids - result.skipped_ids)
    line = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
    sys.stdout.flush()
    print(line, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
