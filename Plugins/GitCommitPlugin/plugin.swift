import Foundation
import PackagePlugin

/// Writes `GitCommit.swift` (`let gitCommit: String?`) into the target before every build: the
/// commit of the package's git checkout, with `-dirty` when tracked files have changes, or nil
/// when there is no git or no repository (a source tarball). An installed binary so carries the
/// commit it was built from; nothing is read at run time.
@main
struct GitCommitPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("GitCommit")
        // The file is only replaced when its text changes, so an unchanged commit does not
        // recompile the target.
        let script = #"""
            set -u
            dir="$1"; out="$2"
            mkdir -p "$out"
            PATH="$PATH:/usr/bin:/bin:/usr/local/bin"
            value=nil
            if commit=$(git -C "$dir" rev-parse --verify HEAD 2>/dev/null); then
                if [ -n "$(git -C "$dir" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit-dirty"; fi
                value="\"$commit\""
            fi
            printf '// Generated before each build by Plugins/GitCommitPlugin; not in git.\nlet gitCommit: String? = %s\n' "$value" > "$out/GitCommit.swift.new"
            if cmp -s "$out/GitCommit.swift.new" "$out/GitCommit.swift"; then rm -f "$out/GitCommit.swift.new"; else mv "$out/GitCommit.swift.new" "$out/GitCommit.swift"; fi
            """#
        return [
            .prebuildCommand(
                displayName: "Recording the git commit of \(context.package.displayName)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output)
        ]
    }
}
