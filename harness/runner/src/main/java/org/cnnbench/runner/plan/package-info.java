/**
 * Planning: expands the options into the ordered list of trials ({@link
 * org.cnnbench.runner.plan.TrialPlan}, one {@link org.cnnbench.runner.plan.PlannedTrial} each, in a
 * rotated round order) and estimates how long each trial takes from earlier runs ({@link
 * org.cnnbench.runner.plan.DurationEstimates}), for {@code -Dbench=list} and for balancing shards.
 */
package org.cnnbench.runner.plan;
