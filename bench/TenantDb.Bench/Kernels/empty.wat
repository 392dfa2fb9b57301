;; The smallest useful export: measures instantiate + call overhead.
(module (func (export "empty")))
