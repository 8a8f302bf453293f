//! Trained models: part-of-speech tagger, named-entity recognizer and dependency parser (averaged perceptrons), their training and evaluation.
