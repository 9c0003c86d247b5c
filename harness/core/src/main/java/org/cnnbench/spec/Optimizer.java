package org.cnnbench.spec;

import java.util.Locale;

/** The optimizer that updates the weights after each batch. */
public sealed interface Optimizer permits Optimizer.Adam, Optimizer.Sgd {

  /**
   * @return the learning rate
   */
  double learningRate();

  /**
   * @param value a new learning rate, positive
   * @return the same optimizer with that learning rate
   */
  Optimizer withLearningRate(double value);

  /**
   * @return a short description for reports, e.g. {@code adam(lr=0.001, b1=0.9, b2=0.999,
   *     eps=1e-07)}
   */
  String describe();

  /**
   * Adam with Keras' update rule: {@code lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)}, {@code w -= lr_t
   * * m / (sqrt(v) + eps)}.
   *
   * @param learningRate step size
   * @param beta1 decay of the first moment
   * @param beta2 decay of the second moment
   * @param epsilon added to the square root of the second moment
   */
  record Adam(double learningRate, double beta1, double beta2, double epsilon)
      implements Optimizer {
    /** Validates the hyper-parameters. */
    public Adam {
      if (!(learningRate > 0)
          || !(beta1 >= 0 && beta1 < 1)
          || !(beta2 >= 0 && beta2 < 1)
          || !(epsilon > 0)) {
        throw new SpecException("Adam needs lr > 0, 0 <= beta1, beta2 < 1 and epsilon > 0");
      }
    }

    /**
     * Keras' defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
     *
     * @return the optimizer
     */
    public static Adam kerasDefaults() {
      return new Adam(1e-3, 0.9, 0.999, 1e-7);
    }

    @Override
    public Adam withLearningRate(double value) {
      return new Adam(value, beta1, beta2, epsilon);
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "adam(lr=%s, beta1=%s, beta2=%s, epsilon=%s)",
          learningRate,
          beta1,
          beta2,
          epsilon);
    }
  }

  /**
   * Plain stochastic gradient descent without momentum: {@code w -= lr * g}.
   *
   * @param learningRate step size
   */
  record Sgd(double learningRate) implements Optimizer {
    /** Validates the learning rate. */
    public Sgd {
      if (!(learningRate > 0)) {
        throw new SpecException("SGD needs lr > 0");
      }
    }

    @Override
    public Sgd withLearningRate(double value) {
      return new Sgd(value);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "sgd(lr=%s)", learningRate);
    }
  }
}
