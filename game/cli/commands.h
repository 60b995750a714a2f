// Entry points of the subcommands, one file each (cmd_<name>.cpp). Each receives the arguments
// after its name and returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace stipple::cli {

using ArgList = std::vector<std::string>;

} // namespace stipple::cli
