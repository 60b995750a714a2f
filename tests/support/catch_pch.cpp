// The translation unit that builds the precompiled Catch2 header every test program reuses
// (tests/CMakeLists.txt: stipple_test_pch); catch.hpp alone costs each test file about 1.4 s.
