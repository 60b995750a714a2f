// Where the shipped data is: the curriculum (levels/) and the assets (fonts, icons) that the
// trainer and the commands read. Installed, it is <prefix>/share/stipple, found relative to the
// executable (so a package unpacked anywhere works) or through XDG_DATA_DIRS; the source tree is
// used only by a binary that still sits in the build tree it was built in. No path baked in at
// build time is ever the only way. Headless: no SFML.
#pragma once

#include <string>
#include <vector>

namespace stipple {

/// What the search looks at; every field may be empty. Filled from the process by
/// shippedDataSearchFromProcess(), or by a test.
struct ShippedDataSearch {
    std::string explicitDir; ///< --data / STIPPLE_DATA / the config file's data=: used as given
    std::string exeDir;      ///< the folder holding the running executable
    std::string xdgDataDirs; ///< $XDG_DATA_DIRS (':'-separated; "" = /usr/local/share:/usr/share)
    std::string buildTree;   ///< the build folder this binary was built in
    std::string sourceTree;  ///< the source folder it was built from
};

/// A folder is a data folder when it holds levels/ and assets/fonts/DejaVuSans.ttf.
bool isShippedDataDir(const std::string& dir);

/// The data folder, searched in this order: explicitDir (returned even when it is not a data
/// folder, so the error names it); exeDir/../share/stipple; each XDG_DATA_DIRS entry + /stipple;
/// the source tree when exeDir is the build tree or a folder in it (build/tests). "" when none holds the
/// data; `tried` then lists every folder looked at, for the error message.
std::string findShippedData(const ShippedDataSearch& search, std::vector<std::string>* tried = nullptr);

/// The folder of the running executable (/proc/self/exe), "" when it cannot be read.
std::string executableDir();

/// The search for this process: explicitDir = $STIPPLE_DATA (when set and non-empty), the
/// executable's folder, $XDG_DATA_DIRS, and the build and source trees this binary was built in.
ShippedDataSearch shippedDataSearchFromProcess();

/// The --data option: where the data is for the rest of the process; "" goes back to the search.
void setShippedDataOverride(const std::string& dir);

/// The shipped data folder for this process: --data, else $STIPPLE_DATA, else the settings
/// file's data= (config/station_config.h), else the search above. "" when there is none;
/// shippedDataError() then says where it looked and what to do.
std::string shippedDataDir();
std::string shippedDataError();

} // namespace stipple
