/** The CKA pass mark, in percent: a score at or above it passes. */
export const PASS_MARK_PERCENT = 66;

// The shape of a submitted exam's result is the record progress.json keeps.
export { ExamLabScore, ExamResult, ExamTaskScore } from '../progress/exam-record.js';
