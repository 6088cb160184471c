package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.FileType;

import java.util.Map;

/** The stable detection names of the heuristics engine: policy rules, logs and statistics key on them. */
public final class HeuristicNames {
    public static final String BLOCKED_EXTENSION = "Heuristic.BlockedExtension";
    public static final String DOUBLE_EXTENSION = "Heuristic.DoubleExtension";
    public static final String EXTENSION_MISMATCH = "Heuristic.ExtensionMismatch";
    public static final String OFFICE_MACRO = "Heuristic.OfficeMacro";
    public static final String DECEPTIVE_LINK = "Heuristic.DeceptiveLink";
    public static final String DISK_IMAGE = "Heuristic.DiskImage";
    public static final String SHORTCUT = "Heuristic.Shortcut";
    public static final String SCRIPT_WSF = "Heuristic.Script.WSF";

    private static final Map<FileType, String> BY_TYPE = Map.ofEntries(
            Map.entry(FileType.PE, "Heuristic.Executable.PE"),
            Map.entry(FileType.MSDOS, "Heuristic.Executable.DOS"),
            Map.entry(FileType.ELF, "Heuristic.Executable.ELF"),
            Map.entry(FileType.MACH_O, "Heuristic.Executable.MachO"),
            Map.entry(FileType.MACH_O_FAT, "Heuristic.Executable.MachO"),
            Map.entry(FileType.JAVA_CLASS, "Heuristic.Executable.JavaClass"),
            Map.entry(FileType.JAR, "Heuristic.Executable.JAR"),
            Map.entry(FileType.MSI, "Heuristic.Executable.MSI"),
            Map.entry(FileType.LNK, SHORTCUT),
            Map.entry(FileType.SHELL_SCRIPT, "Heuristic.Script.Shell"),
            Map.entry(FileType.JAVASCRIPT, "Heuristic.Script.JS"),
            Map.entry(FileType.VBSCRIPT, "Heuristic.Script.VBS"),
            Map.entry(FileType.HTA, "Heuristic.Script.HTA"),
            Map.entry(FileType.POWERSHELL, "Heuristic.Script.PS1"),
            Map.entry(FileType.BATCH, "Heuristic.Script.BAT"),
            Map.entry(FileType.ISO9660, DISK_IMAGE),
            Map.entry(FileType.UDF, DISK_IMAGE),
            Map.entry(FileType.VHD, DISK_IMAGE),
            Map.entry(FileType.VHDX, DISK_IMAGE),
            Map.entry(FileType.DISK_IMAGE, DISK_IMAGE));

    private HeuristicNames() {
    }

    /** The name for content of this type, or null when the type is not executable content. */
    static String forType(FileType type) {
        return BY_TYPE.get(type);
    }
}
