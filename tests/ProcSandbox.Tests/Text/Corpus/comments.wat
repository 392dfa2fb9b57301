(; block (; nested ;) comment ;)
(module ;; line comment
  (func $f (;inline;) (result i32) ;; trailing
    (i32.const 1(;x;))) (; before paren ;)
  (export "f" (func $f)))
