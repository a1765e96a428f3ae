package org.jparallel.kernel.frontend;

import static org.assertj.core.api.Assertions.assertThat;

/** What a frontend must show after running java-cells.ipynb (the test notebook of Java cells). */
final class JavaCellsPage {
    private JavaCellsPage() {
    }

    static void check(BrowserRun.Page page) {
        assertThat(page.kernelAfter().kernel()).as("kernel named in the toolbar").isEqualTo("Java (parallel)");
        assertThat(page.kernelAfter().status()).isEqualTo("idle");
        assertThat(page.cells()).as("code cells on the page").hasSize(5);
        assertThat(page.cells()).allSatisfy(c -> assertThat(c.prompt()).as("prompt of %s", c.input()).matches("\\[\\d+\\]:"));

        BrowserRun.Cell print = page.cellWith("hello from the kernel");
        assertThat(print.outputs()).singleElement().satisfies(o -> {
            assertThat(o.mime()).isEqualTo("application/vnd.jupyter.stdout");
            assertThat(o.text()).isEqualTo("hello from the kernel: 42\n");
        });

        BrowserRun.Cell value = page.cellWith("n * (n + 1) / 2");
        assertThat(value.outputs()).singleElement().satisfies(o -> {
            assertThat(o.text()).isEqualTo("210");
            assertThat(o.prompt()).as("Out prompt matches the In prompt").isEqualTo(value.prompt());
        });

        BrowserRun.Cell html = page.cellWith("text/html");
        assertThat(html.outputs()).singleElement().satisfies(o -> {
            assertThat(o.mime()).isEqualTo("text/html");
            assertThat(o.html()).contains("<b class=\"jp-test\">rendered</b> by the browser");
        });

        BrowserRun.Cell updated = page.cellWith("updateDisplay");
        assertThat(updated.outputs()).singleElement().satisfies(o -> assertThat(o.text()).isEqualTo("step 3 of 3"));
    }
}
