/**
 * Model files: cnn-bench's own spec JSON (the catalogue models are files of this format) and Keras
 * Sequential JSON as {@code model.to_json()} writes it, read into a {@link
 * org.cnnbench.spec.ModelSpec} with Jackson. Everything a file asks for that cnn-bench cannot train
 * identically in every framework is refused before any work, naming the layer.
 */
package org.cnnbench.spec.json;
