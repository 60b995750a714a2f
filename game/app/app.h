// The SFML trainer window. `stipple` with no subcommand lands here.
#pragma once

#include <string>
#include <vector>

namespace stipple::app {

/// Runs the trainer with the command-line arguments (argv without the program name).
/// Options: --levels DIR (curriculum folder), --screenshot OUT.png (render one frame to a PNG
/// and exit, no window), --size WxH. Returns the process exit code.
int run(const std::vector<std::string>& args);

} // namespace stipple::app
