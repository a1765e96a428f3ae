#!/usr/bin/env python3
"""Writes notebooks/word-count.ipynb (unexecuted) from the cells below.
Run it, then execute the notebook (bin/jp-tutorial NOTEBOOK --output NOTEBOOK) to commit it with real outputs."""
import sys
from pathlib import Path
import nbformat as nbf

# Written for this notebook; free to reuse with the project.
TEXT = '''\
The harbour at Kell Point keeps two clocks. One hangs in the ferry office and tells the hour;
the other is painted on a board by the slipway and tells the tide. Visitors look at the first,
and the people who live there look at the second, because the tide decides when the boats go
out, when the road across the flats is open, and when the children must be home.

Every morning the harbour master chalks the times of high and low water on the board. She has
done it for thirty years, and in thirty years the sea has never waited for her. When the wind
comes from the west the water arrives early and stays late; when it blows from the land the
flats dry out in the afternoon and the gulls walk where the boats were moored at breakfast.

The fishermen say the tide is the only timetable that cannot be argued with. The ferry can be
late, the post can be late, the weather can change its mind twice before noon, but the water
comes in and goes out twice a day, a little later each day, as it did before there was a
harbour, a ferry office or a clock.

In the evening, when the last boat is tied up, the harbour master wipes the board clean. The
numbers for tomorrow are already in her notebook. She writes them the next morning anyway, in
large white figures, because a tide that is written down is a tide that everyone can see.
'''

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
cells = [
md("""# A parallel word count

The classic first data-parallel program: split a text over the engines, count the words on each
engine, and combine the counts. It shows the view's data operations: `scatter` deals a list out
in contiguous chunks, `pull` fetches a variable from every engine, `gather` joins the engines'
lists back in engine order, and `mapSync` maps a function over items on the engines.

The text is a short story that comes with this notebook, held in a Java text block:"""),
code('String text = """\n' + TEXT + '""";\n'
     'List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();\n'
     'System.out.println(lines.size() + " lines, " + text.length() + " characters");'),
md("""Start two engines and get a view of all of them:"""),
code("""%cluster start -n 2"""),
code("""var view = Cluster.active().orElseThrow().view();
view.targets()"""),
md("""## Scatter the lines

`scatter("lines", lines)` gives each engine a contiguous chunk of the list, in a variable of
the same name; `%px` shows what each engine got."""),
code("""view.scatter("lines", lines);"""),
code("""%px System.out.println(lines.size() + " lines, starting: " + lines.get(0).substring(0, 30) + "...");"""),
md("""## Count on every engine

The same counting code runs on each engine, on that engine's lines only. A word is a run of
letters (or apostrophes), lower-cased."""),
code("""%%px
Map<String, Integer> counts = new TreeMap<>();
List<String> words = new ArrayList<>();
for (String line : lines) {
    for (String word : line.toLowerCase(Locale.ROOT).split("[^\\\\p{L}']+")) {
        if (!word.isEmpty()) {
            words.add(word);
            counts.merge(word, 1, Integer::sum);
        }
    }
}
System.out.println(words.size() + " words, " + counts.size() + " distinct");"""),
md("""## Combine the counts in the kernel

`pull("counts")` returns one map per engine, in engine order. Merging them gives the counts for
the whole text:"""),
code("""List<Map<String, Integer>> perEngine = view.pull("counts");
Map<String, Integer> total = new TreeMap<>();
perEngine.forEach(counts -> counts.forEach((word, n) -> total.merge(word, n, Integer::sum)));
System.out.println(total.size() + " distinct words");
total.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(10)
        .forEach(e -> System.out.printf("%-8s %3d%n", e.getKey(), e.getValue()));"""),
md("""`gather("words")` joins the engines' word lists in engine order: since `scatter` dealt out
contiguous chunks, that is every word of the text, in the text's order. A count made in the
kernel alone, from the gathered words, must agree with the parallel one:"""),
code("""List<String> allWords = view.gather("words");
Map<String, Integer> serial = new TreeMap<>();
allWords.forEach(word -> serial.merge(word, 1, Integer::sum));
System.out.println(allWords.size() + " words gathered; first ten: " + allWords.subList(0, 10));
System.out.println("same counts as the parallel count: " + serial.equals(total));"""),
md("""## One line at a time with `mapSync`

`mapSync` is the shortest form when each item can be handled on its own: the lambda travels to
the engines, the lines are split between them, and the results come back in input order."""),
code("""List<Integer> wordsPerLine = view.mapSync(
        line -> (int) Arrays.stream(line.toLowerCase(Locale.ROOT).split("[^\\\\p{L}']+")).filter(w -> !w.isEmpty()).count(),
        lines);
System.out.println("words per line: " + wordsPerLine);
System.out.println("total: " + wordsPerLine.stream().mapToInt(Integer::intValue).sum());"""),
code("""%cluster stop"""),
]
nb = nbf.v4.new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "java-parallel", "display_name": "Java (parallel)", "language": "java"},
    "language_info": {"name": "java", "mimetype": "text/x-java", "file_extension": ".java",
                      "codemirror_mode": "text/x-java", "pygments_lexer": "java"}})
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "word-count.ipynb"
nbf.write(nb, out)
print(out)
