// `stipple certificate --pdf`: the PDF an academy hands out, made headless (no display), rendered
// back to a picture with poppler's pdftoppm as a reader would see it, and its QR code decoded with
// ZBar's zbarimg (independent of libqrencode, which wrote it): it must carry the academy's
// verification URL with the verification code.
#include "exam/certificate_pdf.h"
#include "exam/signing.h"
#include "support/exam_results.h"
#include "support/process.h"

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace stipple;
using namespace stipple::test;

TEST_CASE("certificate --pdf: an A4 landscape PDF whose QR code opens the academy's check of the code",
          "[certificate][pdf]") {
    Scratch s;
    const auto keys = s.path("keys");
    const std::optional<SecretKey> secret = academyKeysIn(keys);
    const std::string signedText = signResult(sampleExamResult("C-0042", "Zoë Ørsted", 81.25), *secret);
    const auto pass = s.write("zoe.result", signedText);
    const std::string key = " --key " + quote(keys / "academy.public");
    const auto pdf = s.path("zoe.pdf");

    // No display needed: DISPLAY unset.
    const Run r = runStipple("certificate " + quote(pass) + " --pdf " + quote(pdf) +
                             " --verify-url https://academy.example/verify" + key +
                             " ; true; env -u DISPLAY " + quote(STIPPLE_BINARY) + " certificate " +
                             quote(pass) + " --pdf " + quote(s.path("nodisplay.pdf")) + key);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(readText(pdf).rfind("%PDF-", 0) == 0);
    CHECK(readText(s.path("nodisplay.pdf")).rfind("%PDF-", 0) == 0);

    // One page, A4 landscape (842 x 595 points), as poppler reads it.
    const Run info = runStipple("--version >/dev/null; pdfinfo " + quote(pdf));
    INFO(info.out);
    CHECK(info.out.find("Pages:           1\n") != std::string::npos);
    CHECK(info.out.find("Page size:       841.89 x 595.28 pts (A4)") != std::string::npos);

    // Rendered at 150 dpi; the QR code read back.
    REQUIRE(runStipple("--version >/dev/null; pdftoppm -r 150 -png -singlefile " + quote(pdf) + " " +
                       quote(s.path("page")))
                .exitCode == 0);
    const cv::Mat page = cv::imread(s.path("page.png").string(), cv::IMREAD_GRAYSCALE);
    REQUIRE(!page.empty());
    CHECK(page.cols == 1754);
    CHECK(page.rows >= 1240); // 595.28 pt at 150 dpi: 1240.2, rounded up by pdftoppm
    CHECK(page.rows <= 1241);
    const Run zbar = runStipple("--version >/dev/null; zbarimg --raw -q " + quote(s.path("page.png")));
    CHECK(zbar.exitCode == 0);
    std::string decoded = zbar.out;
    while (!decoded.empty() && decoded.back() == '\n')
        decoded.pop_back();
    std::string error;
    const Verification v =
        verifySignedResult(signedText, loadPublicKey((keys / "academy.public").string(), error).value());
    REQUIRE(v.valid);
    CHECK(decoded == "https://academy.example/verify?code=" + v.code);
    CHECK(certificateVerificationLink("https://a.example/check?lang=en", "AB") ==
          "https://a.example/check?lang=en&code=AB");

    // The text is in the PDF (a reader can search it): the holder's name and the code.
    const Run text = runStipple("--version >/dev/null; pdftotext " + quote(pdf) + " -");
    CHECK(text.out.find("Zoë Ørsted") != std::string::npos);
    CHECK(text.out.find(v.code) != std::string::npos);

    // Only with --pdf, and only an http(s) URL.
    CHECK(runStipple("certificate " + quote(pass) + " -o " + quote(s.path("a.html")) +
                     " --verify-url https://x" + key)
              .exitCode == 2);
    CHECK(runStipple("certificate " + quote(pass) + " --pdf " + quote(s.path("b.pdf")) +
                     " --verify-url academy" + key)
              .exitCode == 2);
    // Kept for a look: STIPPLE_KEEP_PDF=DIR copies the rendered page there.
    if (const char* keep = std::getenv("STIPPLE_KEEP_PDF"))
        std::filesystem::copy_file(s.path("page.png"), std::filesystem::path(keep) / "certificate-page.png",
                                   std::filesystem::copy_options::overwrite_existing);
}
