"""The Jupyter project's own kernel conformance harness (jupyter_kernel_test) run against the
java-parallel kernel. JUPYTER_PATH must point at a directory holding kernels/java-parallel
(JupyterKernelTestIT renders it into kernel/target/jupyter)."""
import unittest

import jupyter_kernel_test


class JavaParallelKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "java-parallel"
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went to stderr");'

    completion_samples = [
        {"text": "Math.signu", "matches": {"signum("}},
        {"text": "int x = 1;\n\"abc\".toUpperCa", "matches": {"toUpperCase("}},
    ]

    complete_code_samples = [
        "1 + 1",
        "int x = 3;",
        'System.out.println("hi");',
        "void greet() { System.out.println(1); }",
        "%lsmagic",
    ]
    incomplete_code_samples = [
        "void greet() {",
        "for (int i = 0; i < 3; i++) {",
        "int y = (1 +",
    ]
    invalid_code_samples = [
        "int x = 1;)",
        "int z = (\n%lsmagic",
    ]

    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"ab" + "cd"', "result": '"abcd"'},
        {"code": "java.util.List.of(1, 2, 3)", "result": "[1, 2, 3]"},
        {"code": "Math.max(3, 9)", "result": "9"},
    ]

    code_display_data = [
        {"code": 'display(java.util.Map.of("text/html", "<b>bold</b>"));', "mime": "text/html"},
        {"code": "display(new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
        {"code": 'display("plain text");', "mime": "text/plain"},
    ]

    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.abs("

    code_clear_output = "clearOutput();"


if __name__ == "__main__":
    unittest.main(verbosity=2)
