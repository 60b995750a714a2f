// `stipple certificate`: the printable certificate of a passed exam. The signed result is verified
// first — a certificate is never made from a result that does not verify with the academy key, or
// from a fail — and the page embeds it, so the page can be verified on its own later. --png also
// (or instead) renders the certificate as a picture (game/app/certificate_image.h), offscreen.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "exam/certificate.h"
#include "exam/certificate_pdf.h"
#include "install/shipped_data.h"
#include "io/files.h"
#include "render/certificate_image.h"
#include "render/image_file.h"

#include <cstdio>
#include <filesystem>

namespace stipple::cli {

namespace {

const CommandDef kCertificateDef{
    "certificate",
    "write the certificate (printable HTML, PNG, PDF with a QR code) of a passed, signed result",
    "usage: stipple certificate RESULT [-o OUT.html] [--png OUT.png] [--pdf OUT.pdf [--verify-url URL]]\n"
    "                           [--key PUBLIC]\n",
    "Writes the certificate of a passed exam as one printable HTML page (A4 landscape): the\n"
    "holder, the exam, the academy, the date, the expiry and the verification code. The page\n"
    "embeds the signed result, so `stipple verify OUT.html` checks the page itself.\n",
    {
        outputOption("FILE", "where to write the page (written atomically)"),
        {"--png", "FILE",
         "also (or instead) the certificate as a picture: A4 landscape at\n"
         "150 dpi (1754x1240), the same fields; rendered offscreen, so it\n"
         "needs a display (headless: xvfb-run -a). The picture embeds no\n"
         "signature: its code is checked with `stipple verify --code`"},
        {"--pdf", "FILE",
         "also (or instead) the certificate as a PDF (A4 landscape, vector;\n"
         "headless) with a QR code that opens URL?code=CODE: the academy's\n"
         "check of the verification code"},
        {"--verify-url", "URL",
         "the academy's verification page the QR code and the PDF name\n"
         "(default https://academy.invalid/verify: set your own)"},
        {"--key", "PUBLIC",
         "the academy's public key (default: academy.public in the key folder,\n"
         "keys/ in the data folder: $STIPPLE_USER_DATA, the settings file's\n"
         "user-data=, else ~/.local/share/stipple)"},
    },
    "exit status: 0 written, 1 the result does not verify, is a fail, or cannot be written,\n"
    "2 usage error.\n"};

int runCertificate(const std::vector<std::string>& argv) {
    const Args args(argv, kCertificateDef);
    if (!args.ok()) return usageError("certificate", args.error(), helpText(kCertificateDef));
    if (args.help()) {
        std::fputs(helpText(kCertificateDef).c_str(), stdout);
        return kExitOk;
    }
    if (args.positional().size() != 1)
        return usageError("certificate", "give one RESULT file", helpText(kCertificateDef));
    if (!args.value("output") && !args.value("png") && !args.value("pdf"))
        return usageError("certificate", "give -o OUT.html, --png OUT.png, --pdf OUT.pdf, or several",
                          helpText(kCertificateDef));
    const std::string verifyUrl = args.value("verify-url").value_or("https://academy.invalid/verify");
    if (args.value("verify-url") && !args.value("pdf"))
        return usageError("certificate", "--verify-url goes with --pdf", helpText(kCertificateDef));
    if (verifyUrl.rfind("https://", 0) != 0 && verifyUrl.rfind("http://", 0) != 0)
        return usageError("certificate",
                          "--verify-url needs an http:// or https:// URL, not \"" + verifyUrl + "\"",
                          helpText(kCertificateDef));
    const std::string keyPath =
        args.value("key") ? *args.value("key") : defaultKeyFileNoting("certificate", kPublicKeyFile);
    if (keyPath.empty())
        return usageError(
            "certificate",
            "no academy key: set HOME, XDG_DATA_HOME or STIPPLE_USER_DATA, or give --key PUBLIC",
            helpText(kCertificateDef));
    std::string error;
    const auto key = loadPublicKey(keyPath, error);
    if (!key) return cannot("certificate", error);
    const std::string& path = args.positional()[0];
    std::string text;
    if (!readFile(path, text, error)) return cannot("certificate", path + ": " + error);
    const Verification v = verifySignedResult(text, *key);
    if (!v.valid)
        return cannot("certificate", path + ": no certificate: the result does not verify: " + v.reason);
    if (!v.result.passed) return cannot("certificate", path + ": no certificate: the result is a fail");
    std::string written;
    if (const auto out = args.value("output")) {
        if (!writeFileAtomic(*out, certificateHtml(v, text), error)) return cannot("certificate", error);
        written = *out;
    }
    if (const auto png = args.value("png")) {
        sf::Image image;
        if (!render::renderCertificate(v, shippedDataDir() + "/assets/fonts", image, error) ||
            !render::saveImageAtomically(image, *png, error))
            return cannot("certificate", error);
        written += (written.empty() ? "" : " and ") + *png;
    }
    if (const auto pdfPath = args.value("pdf")) {
        std::string pdf;
        if (!certificatePdf(v, verifyUrl, pdf, error) || !writeFileAtomic(*pdfPath, pdf, error))
            return cannot("certificate", error);
        written += (written.empty() ? "" : " and ") + *pdfPath;
    }
    // With the page, picture or PDF on standard output, the note goes to standard error.
    const bool piped = isStandardOutput(args.value("output").value_or("")) ||
                       isStandardOutput(args.value("png").value_or("")) ||
                       isStandardOutput(args.value("pdf").value_or(""));
    std::fprintf(piped ? stderr : stdout, "certificate for %s (%s), %s, code %s written to %s\n",
                 v.result.candidateName.c_str(), v.result.candidateId.c_str(), v.result.examTitle.c_str(),
                 v.code.c_str(), written.c_str());
    return kExitOk;
}

const Registration kCertificateReg{kCertificateDef, &runCertificate};

} // namespace

} // namespace stipple::cli
