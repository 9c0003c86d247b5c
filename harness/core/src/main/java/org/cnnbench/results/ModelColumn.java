package org.cnnbench.results;

import java.util.List;

/**
 * The columns of {@code models.csv}, one row per layer of each model of the run and a {@code total}
 * row per model, computed by the spec when the run starts, in file order.
 */
public enum ModelColumn implements Column {
  /** The catalogue model. */
  MODEL,
  /** The layer's index from 1, or {@code total}. */
  POSITION,
  /** The layer's kind. */
  LAYER,
  /** The layer's settings (the loss and optimizer on the total row). */
  SETTINGS,
  /** The layer's output shape. */
  OUTPUT_SHAPE,
  /** Trainable parameters of the layer (of the model on the total row). */
  PARAMS;

  /** The header row of {@code models.csv}. */
  public static final List<String> HEADERS = Column.headers(ModelColumn.class);
}
