/**
 * The results vocabulary shared by the code that writes a run's files and the code that reads them:
 * trial statuses, the protocol's message types, the columns of every CSV file in {@code
 * results/<run-id>/} in file order, and the text of numbers in those files. A new column is one
 * constant in its file's enum; writers and readers pick it up from there.
 */
package org.cnnbench.results;
