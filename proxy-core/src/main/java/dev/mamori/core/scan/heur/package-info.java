/**
 * The heuristics engine: {@link dev.mamori.core.scan.heur.HeuristicEngine} judges each content item by what it is
 * (executables, scripts, shortcuts, disk images by detected type), what it is called (blocked and double extensions,
 * names that do not match the content), what it carries (Office macros in OLE2 and OOXML) and, for HTML, whether its
 * links show one site and lead to another. {@link dev.mamori.core.scan.heur.HeuristicRules} holds the tunable parts
 * with cautious defaults; {@link dev.mamori.core.scan.heur.HeuristicRulesParser} reads them from a rules file.
 */
package dev.mamori.core.scan.heur;
