package org.cnnbench.report;

/**
 * One line of a group's conclusions: a question the run can answer, its answer and the evidence.
 *
 * @param question what is asked, e.g. "Fastest training (cpu)"
 * @param answer the answer, or "not drawn"
 * @param evidence why the data supports the answer (or does not)
 */
record Conclusion(String question, String answer, String evidence) {}
