// Prints one plain closing line, "Tests: N passed, N failed, N skipped", that CI reads. It is
// written at exit so that it comes after Jest's own summary.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const broken = results.numRuntimeErrorTestSuites > 0 ? ` (${results.numRuntimeErrorTestSuites} suite(s) failed to run)` : '';
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped${broken}\n`;
    process.once('exit', () => process.stdout.write(line));
  }
}
module.exports = SummaryReporter;
